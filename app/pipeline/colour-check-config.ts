/** The colour-fidelity check's settings, read from the environment (its own file so the pipeline's context can name the type without importing the check). */
import { colourCheckEnvSchema } from "../env.server";

export interface ColourCheckConfig {
  enabled: boolean;
  /** CIEDE2000 above which a result "may differ". */
  threshold: number;
}

/** COLOUR_CHECK / COLOUR_CHECK_DELTA_E from an environment (throws naming the bad variable). */
export function colourCheckConfig(env: Record<string, string | undefined>): ColourCheckConfig {
  const parsed = colourCheckEnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Fitting Room cannot start: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  return { enabled: parsed.data.COLOUR_CHECK === "on", threshold: parsed.data.COLOUR_CHECK_DELTA_E };
}
