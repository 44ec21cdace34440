import { message } from '../../common/messages';
import { invalidInput, invalidState, UserError } from '../../common/user-error';
import type { UrlProblem } from './webhook-url';

/** Every refusal of webhook endpoints and deliveries beyond input validation and NOT_FOUND; the words are in common/messages. */
export const webhookErrors = {
  url: (problem: UrlProblem, field: string[] = ['input', 'url']): UserError => {
    switch (problem.kind) {
      case 'invalid':
        return invalidInput(field, message('webhook.urlInvalid'));
      case 'scheme':
        return invalidInput(field, message('webhook.urlNotHttps'));
      case 'credentials':
        return invalidInput(field, message('webhook.urlCredentials'));
      case 'address':
        return invalidInput(field, message('webhook.urlNotPublic', problem.address));
      case 'unresolvable':
        return invalidInput(field, message('webhook.urlUnresolvable', problem.host));
    }
  },
  tooManyEndpoints: (limit: number) => invalidState(['input', 'url'], message('webhook.tooManyEndpoints', limit)),
  endpointDisabled: () => invalidState(['input', 'id'], message('webhook.endpointDisabled')),
};
