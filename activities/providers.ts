/**
 * Provider matching over the directory. An activity, not workflow code: the directory and its open capacity
 * are data that change outside the case, and the result must be recorded in history once.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { isServiceCode } from '../domain/catalogue/catalogue';
import { isDongCode } from '../domain/areas/areas';
import type { Provider } from '../domain/providers/provider';
import { matchProviders } from '../domain/providers/matching';
import { ERR_INVALID_ARGS } from '../domain/failures';

export interface FindProvidersInput {
  serviceCode: string;
  dongCode: string;
  exclude?: string[];
  limit?: number;
}

export interface ProviderCandidate {
  providerId: string;
  nameKo: string;
  nameEn: string;
}

export function createProviderActivities({ directory }: { directory: readonly Provider[] }) {
  return {
    async findProviders(input: FindProvidersInput): Promise<ProviderCandidate[]> {
      if (!isServiceCode(input.serviceCode))
        throw ApplicationFailure.nonRetryable(`unknown service code ${input.serviceCode}`, ERR_INVALID_ARGS);
      if (!isDongCode(input.dongCode)) throw ApplicationFailure.nonRetryable(`unknown dong code ${input.dongCode}`, ERR_INVALID_ARGS);
      const matches = matchProviders({ serviceCode: input.serviceCode, dongCode: input.dongCode, directory, exclude: input.exclude });
      return matches.slice(0, input.limit ?? 20).map((p) => ({ providerId: p.id, nameKo: p.nameKo, nameEn: p.nameEn }));
    },
  };
}
