import { forbidden } from '../../common/errors';
import { LIST_LIMITS } from '../../common/list-limits';
import { message } from '../../common/messages';
import { invalidState } from '../../common/user-error';

/** Every refusal of technology registration (R3) beyond input validation and NOT_FOUND; the words are in common/messages. */
export const technologyErrors = {
  notOwnEnterprise: () => forbidden('An enterprise user may register technologies of its own enterprise only'),
  tooMany: () => invalidState(['input', 'providerId'], message('technology.tooMany', LIST_LIMITS.technologiesPerEnterprise)),
};
