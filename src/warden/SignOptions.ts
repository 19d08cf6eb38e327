/** How an edge asks {@link Warden.sign} to run one request; the decision and its durability never change. */
export type SignOptions = {
  /**
   * Commit this decision with the others of its event-loop turn (group commit), even when no other
   * signing call is under way in this process at the moment it commits. An edge serving
   * concurrent callers whose requests each start in an event-loop callback of their own (the HTTP
   * server: one per socket read) sets it: each request runs to its commit before the next one is
   * read, so it always looks alone and would pay a transaction of its own. The call still resolves
   * only once its decision is durable.
   */
  sharedCommit?: boolean;
};
