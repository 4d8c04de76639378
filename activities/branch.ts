import { ApplicationFailure } from '@temporalio/common';
import { moveMembers } from '../db/cohorts';
import { branchPage, branchParams, engagedInRunCondition, splitBucketSql, subscribedCondition, type BranchConditions } from '../db/member-branches';
import type { Db } from '../db/pool';
import { compileSegmentRule, paramAppender } from '../db/segments/compile-segment';
import { loadAttributeTypes } from '../db/segments/typed-attributes';
import { findTopic } from '../db/topics';
import { DEFAULT_BRANCH_ENGAGEMENT, ELSE_HANDLE, splitRanges, YES_HANDLE, type BranchConfig } from '../flow/nodes/branch';
import { inputCohort, outputCohort, workInPages } from './cohort-pages';
import type { NodeHandler } from './deps';

/** A branch compiled for one batch: conditions tried in order, the handle of each, and the fallback. */
interface CompiledBranch extends BranchConditions {
  handles: string[];
  otherwise: string;
}

/**
 * Split the cohort page by page: one statement finds, for every member of the page, the first
 * condition it meets (a compiled segment rule, a subscription, engagement in this run, or its
 * random bucket), and the members move by primary key to that condition's output, or `else`.
 * Idempotent by construction: a member already moved is no longer in the page, and the random
 * bucket depends only on (run, contact), so a retry sends everyone the same way.
 */
export const runBranch: NodeHandler<'branch'> = async (deps, run) => {
  const cohortId = inputCohort(run);
  const compiled = await compileBranch(deps.db, run.runId, run.node.id, run.node.config);
  const targets = [...compiled.handles, compiled.otherwise].map((handle) => ({ handle, cohortId: outputCohort(run, handle) }));
  return workInPages(
    run,
    (after, limit) => branchPage(deps.db, compiled, { cohortId, after, limit }),
    async (rows) => {
      for (const [index, target] of targets.entries()) {
        const branch = index === compiled.handles.length ? -1 : index;
        const contactIds = rows.filter((row) => row.branch === branch).map((row) => row.contactId);
        await moveMembers(deps.db, { runId: run.runId, nodeId: run.node.id, fromCohortId: cohortId, toCohortId: target.cohortId, handle: target.handle, contactIds });
      }
    },
  );
};

async function compileBranch(db: Db, runId: string, nodeId: string, config: BranchConfig): Promise<CompiledBranch> {
  const params = branchParams();
  const param = paramAppender(params);
  switch (config.mode) {
    case 'rule': {
      const branches = config.branches ?? [];
      const attributeTypes = await loadAttributeTypes(db);
      try {
        const conditions = branches.map((branch) => compileSegmentRule(branch.rule, params, attributeTypes));
        return { conditions, params, handles: branches.map((branch) => branch.name), otherwise: ELSE_HANDLE };
      } catch (error) {
        // A rule the compiler refuses stays refused however often it is tried.
        throw ApplicationFailure.nonRetryable(`Branch ${nodeId}: ${(error as Error).message}`, 'BRANCH_INVALID');
      }
    }
    case 'topic': {
      const topic = config.topic ?? '';
      if (!(await findTopic(db, topic))) throw ApplicationFailure.nonRetryable(`Branch ${nodeId}: no topic has the code "${topic}"`, 'TOPIC_NOT_FOUND');
      return { conditions: [subscribedCondition(topic, param)], params, handles: [YES_HANDLE], otherwise: ELSE_HANDLE };
    }
    case 'engagement':
      return { conditions: [engagedInRunCondition(runId, config.events ?? DEFAULT_BRANCH_ENGAGEMENT, param)], params, handles: [YES_HANDLE], otherwise: ELSE_HANDLE };
    case 'random': {
      const ranges = splitRanges(config.variants ?? []);
      const last = ranges[ranges.length - 1];
      if (!last) throw ApplicationFailure.nonRetryable(`Branch ${nodeId}: a random split needs variants`, 'BRANCH_INVALID');
      // One bucket expression (one parameter) for every range: ranges are consecutive, the first below its end wins.
      const bucket = splitBucketSql(runId, param);
      const conditions = ranges.slice(0, -1).map((range) => `${bucket} < ${range.to}`);
      return { conditions, params, handles: ranges.slice(0, -1).map((range) => range.name), otherwise: last.name };
    }
  }
}
