package io.mneme.engine;

/** Runs one command. Throws {@link CommandError} only before it changes any state. */
@FunctionalInterface
interface Handler {
  Reply run(Ctx ctx, byte[][] argv);
}
