import type { PrincipalRole } from '../storage/types.ts';

/** Who a workshop token stands for, once checked. */
export type Principal = {
  workshopId: string;
  role: PrincipalRole;
  participantId: string | null;
};
