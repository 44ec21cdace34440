import { message } from '../../common/messages';
import { invalidInput } from '../../common/user-error';
import type { DuplicateErrors } from '../../db/mutation';

/** Every refusal of the enterprise directory (R1, R2); the words are in common/messages. */
export const enterpriseErrors = {
  invalidBrn: () => invalidInput(['input', 'businessRegistrationNumber'], message('enterprise.invalidBrn')),
  invalidIndustryCode: () => invalidInput(['input', 'industryCode'], message('enterprise.invalidIndustryCode')),
};

/** R1: the unique index decides, also between concurrent registrations. */
export const ENTERPRISE_DUPLICATES: DuplicateErrors = {
  enterprise_business_registration_number_key: {
    field: ['input', 'businessRegistrationNumber'],
    message: message('enterprise.duplicateBrn'),
  },
};
