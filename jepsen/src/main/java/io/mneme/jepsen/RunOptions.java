package io.mneme.jepsen;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a run needs, parsed from the command line by {@link Main}.
 *
 * @param workload register, set, counter or list-append
 * @param nemeses fault names
 * @param timeLimitSeconds how long clients run
 * @param concurrency how many client workers
 * @param seed the seed of operations and faults
 * @param nodes how many nodes
 * @param out the result directory
 * @param nodeConfig settings passed to every node as --key value
 * @param serverClasspath the Mneme server classpath
 * @param jvmFlags JVM flags of the nodes
 * @param opTimeoutMillis how long a client waits for a reply before calling it indeterminate
 * @param checkBudgetSeconds time allowed to the checker
 */
public record RunOptions(String workload, List<String> nemeses, long timeLimitSeconds,
    int concurrency, long seed, int nodes, Path out, Map<String, String> nodeConfig,
    String serverClasspath, List<String> jvmFlags, int opTimeoutMillis,
    long checkBudgetSeconds) {}
