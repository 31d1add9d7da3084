import { InsecureProviderUrlError } from "../errors/insecure-provider-url-error";
import type { AttemptTarget, TargetSelection } from "../routing/select-targets";
import type { RejectedModelRecord } from "./request-log";
import type { SnapshotIndex } from "./snapshot-index";

/**
 * Drops the targets whose provider the gateway refuses to call (see `checkEndpointUrl`); a model left
 * without targets joins the rejected ones, which are returned with the rest. None left:
 * {@link InsecureProviderUrlError}.
 */
export function callableTargets(
  selection: TargetSelection,
  index: SnapshotIndex,
): { targets: AttemptTarget[]; rejectedModels: RejectedModelRecord[] } {
  const problems = new Map<string, string>();
  const callable = selection.attempts.filter((target) => {
    const endpoint = index.endpoint(target.provider);
    if (!endpoint.ok) problems.set(target.provider, endpoint.problem);
    return endpoint.ok;
  });
  if (callable.length === 0) throw new InsecureProviderUrlError([...problems.values()]);
  const rejected = selection.rejectedModels.map(({ candidateIndex, reference, reason }) => ({
    candidateIndex,
    reference,
    reason: reason as string,
  }));
  for (const target of selection.attempts) {
    const refused = !callable.some((kept) => kept.candidateIndex === target.candidateIndex);
    if (refused && !rejected.some((entry) => entry.candidateIndex === target.candidateIndex)) {
      rejected.push({
        candidateIndex: target.candidateIndex,
        reference: target.reference,
        reason: "insecure_provider_url",
      });
    }
  }
  rejected.sort((left, right) => left.candidateIndex - right.candidateIndex);
  return {
    targets: callable,
    rejectedModels: rejected.map(({ reference, reason }) => ({ reference, reason })),
  };
}
