import { invalidInput } from '../../common/user-error';
import type { DuplicateErrors } from '../../db/mutation';

/** Every refusal of the enterprise directory (R1, R2). */
export const enterpriseErrors = {
  invalidBrn: () =>
    invalidInput(['input', 'businessRegistrationNumber'], 'businessRegistrationNumber must be 10 digits (000-00-00000) with a valid check digit'),
  invalidIndustryCode: () =>
    invalidInput(
      ['input', 'industryCode'],
      'industryCode must be a KSIC code: a section letter A-U optionally followed by 2-5 digits (e.g. C25), or 2-5 digits (e.g. 25112)',
    ),
};

/** R1: the unique index decides, also between concurrent registrations. */
export const ENTERPRISE_DUPLICATES: DuplicateErrors = {
  enterprise_business_registration_number_key: {
    field: ['input', 'businessRegistrationNumber'],
    message: 'An enterprise with this business registration number is already registered',
  },
};
