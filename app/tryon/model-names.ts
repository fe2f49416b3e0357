/**
 * Named models: the library is the provider's, not ours (issue 13 item 3). Aidge's model-library page
 * could not be read (spec §6); the docs show only two names — `Ariel` (standard) and `James` (Pro). The
 * merchant's own Aidge library (General, or a custom scene code) may hold others, so the app never lists
 * models: it offers gender/style/body, or a name the merchant types. A typed name is checked for shape
 * only; Aidge answers 700 naming `model.name` when it does not know it.
 */
import * as z from "zod";

/** The names Aidge's documentation uses as examples; shown as examples, never as a list to pick from. */
export const DOCUMENTED_MODEL_NAMES = ["Ariel", "James"] as const;

/** Stored values are bounded at 100 characters (the settings column's limit). */
export const MAX_MODEL_NAME_LENGTH = 100;

/**
 * A model name's shape: letters (any script), digits, spaces and `_ - . '`, starting with a letter or
 * digit. Nothing else is known about Aidge's names, so nothing more is checked.
 */
export const MODEL_NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _.'-]*$/u;

export const modelNameSchema = z
  .string()
  .trim()
  .min(1, "is empty; type a model name from your Aidge model library, such as Ariel")
  .max(MAX_MODEL_NAME_LENGTH, `must be at most ${MAX_MODEL_NAME_LENGTH} characters`)
  .regex(MODEL_NAME_PATTERN, "must be a model name as it appears in your Aidge model library (letters, digits and spaces), such as Ariel or James");
