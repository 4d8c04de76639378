// The worker bundles this module: every workflow the task queue serves is exported here.
export { campaignWorkflow } from './campaign';
