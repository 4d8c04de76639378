import { FINISHED_HANDLE } from '../flow/graph';
import type { NodeHandler } from './deps';
import { movePaged } from './paged-move';

/** Close the journey: members get the End's final status and leave every node. */
export const runEnd: NodeHandler<'end'> = (deps, run) => movePaged(deps, run, FINISHED_HANDLE, { status: run.node.config.finalStatus });
