package io.mneme.jepsen.checker;

import java.util.Map;

/**
 * A workload checker's verdict, with the figures written to results.json.
 *
 * @param verdict valid, invalid or unknown
 * @param summary one human line
 * @param details JSON-ready figures (Maps, Lists, numbers, strings)
 */
public record CheckResult(Verdict verdict, String summary, Map<String, Object> details) {}
