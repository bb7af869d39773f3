// The labels on every container and network of a lab (containers runtime and `lab export`):
// `org.ctilab.lab=<lab>` finds them all, `org.ctilab.node` names the node or phone population,
// `org.ctilab.role` says which. No testcontainers here: the CLI inside the lab image imports this.
export const LAB_LABEL = 'org.ctilab.lab';
export const NODE_LABEL = 'org.ctilab.node';
export const ROLE_LABEL = 'org.ctilab.role';
