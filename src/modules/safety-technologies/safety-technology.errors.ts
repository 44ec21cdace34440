import { forbidden } from '../../common/errors';
import { LIST_LIMITS } from '../../common/list-limits';
import { invalidState } from '../../common/user-error';

/** Every refusal of technology registration (R3) beyond input validation and NOT_FOUND. */
export const technologyErrors = {
  notOwnEnterprise: () => forbidden('An enterprise user may register technologies of its own enterprise only'),
  tooMany: () =>
    invalidState(['input', 'providerId'], `An enterprise may register at most ${LIST_LIMITS.technologiesPerEnterprise} safety technologies`),
};
