/**
 * The service types in directory order. core/schemas is imported for types only (zod stays
 * out of the page bundles); the Record makes the compiler check the list is complete.
 */
import type { ServiceType } from '../../../core/schemas/services';

const ORDER: Record<ServiceType, number> = {
  medical: 0,
  post_exposure_prophylaxis: 1,
  clinical_management_of_rape: 2,
  psychosocial: 3,
  legal: 4,
  safety_and_shelter: 5,
  livelihood: 6,
  education: 7,
};

export const SERVICE_TYPES = (Object.keys(ORDER) as ServiceType[]).sort((a, b) => ORDER[a] - ORDER[b]);
