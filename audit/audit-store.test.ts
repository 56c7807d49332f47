import { describeAuditStoreContract } from './audit-store.cases';
import { openPglite } from './sql';

describeAuditStoreContract('PGlite in memory', () => openPglite('memory'));
