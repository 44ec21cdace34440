import { forbidden } from '../../common/errors';

/** Every refusal of technology registration (R3) beyond input validation and NOT_FOUND. */
export const technologyErrors = {
  notOwnEnterprise: () => forbidden('An enterprise user may register technologies of its own enterprise only'),
};
