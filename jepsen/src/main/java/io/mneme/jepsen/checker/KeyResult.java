package io.mneme.jepsen.checker;

import java.util.List;

/**
 * The linearizability verdict for one key.
 *
 * @param key the key
 * @param verdict valid, invalid or unknown
 * @param calls how many calls were checked
 * @param explanation why it is invalid (or unknown); empty when valid
 * @param window the smallest failing window found (empty when valid)
 * @param elapsedMillis time spent
 */
public record KeyResult(String key, Verdict verdict, int calls, String explanation,
    List<Call> window, long elapsedMillis) {}
