/**
 * The engine's plumbing, shared by its parts and by no one else: the JDBC helper ({@code Jdbc}), SQL
 * fragments ({@code Sql}), table and index names ({@code TableNames}), subject filters as SQL
 * patterns ({@code SubjectPatterns}), per-table layouts and their catalog state ({@code TableLayout},
 * {@code TableCatalog}, {@code LayoutUpgrader}), advisory locks and bounded lock waits
 * ({@code AdvisoryLocks}, {@code BoundedLockWait}), the lease row that elects one instance for a piece
 * of maintenance ({@code MaintenanceLease}), registry reads ({@code Registry}) and table
 * statistics ({@code TableStatistics}).
 *
 * <p>Its types are public only because Java has no other way to share them across the engine's
 * packages: they are not an API, may change in any release, and no module but {@code kanthorq-core}
 * may import them (checked by {@code ArchitectureTest}). Nothing here depends on another engine
 * package.
 */
package io.kanthorq.core.internal;
