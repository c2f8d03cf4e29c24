package io.mneme.engine.script;

/** A Redis error reply from the script layer's checks; a null text means "no header". */
final class ScriptError extends RuntimeException {
  ScriptError(String text) {
    super(text, null, false, false);
  }
}
