/**
 * The "General" model library — a FIXTURE. Aidge's real library page could not be read (spec §6):
 * only the names Ariel and James and the tag sets are known. The local try-on service renders these
 * models, and the UI picker lists them. Tags use the seed's enums.
 */
import { GENERAL_MODEL_BASE, type ModelBody, type ModelGender, type ModelStyle } from "./schema";

export interface LibraryModel {
  /** Value for `model.name`. */
  name: string;
  gender: ModelGender;
  style: ModelStyle;
  body: ModelBody;
  /** One line for the picker. */
  description: string;
  /** Colours the local service draws the figure with (skin, backdrop). */
  palette: { skin: string; backdrop: string };
}

export const MODEL_LIBRARY_BASE = GENERAL_MODEL_BASE;
/** True: these entries are stand-ins, not Aidge's real catalogue. */
export const MODEL_LIBRARY_IS_FIXTURE = true;

export const GENERAL_MODEL_LIBRARY: readonly LibraryModel[] = Object.freeze([
  { name: "Ariel", gender: "female", style: "universal_1", body: "slim", description: "Everyday look, relaxed pose; the docs' example model.", palette: { skin: "#e9c2a6", backdrop: "#eef1f6" } },
  { name: "James", gender: "male", style: "universal_1", body: "slim", description: "Clean casual look, straight pose; the Pro docs' example model.", palette: { skin: "#c99a78", backdrop: "#eef3ee" } },
  { name: "Maya", gender: "female", style: "universal_2", body: "curvy", description: "Plus-size, warm street style.", palette: { skin: "#a8765a", backdrop: "#f6efe8" } },
  { name: "Sofia", gender: "female", style: "universal_3", body: "slim", description: "Editorial look, studio lighting.", palette: { skin: "#f1d3bd", backdrop: "#f2eef6" } },
  { name: "Lena", gender: "female", style: "universal_2", body: "slim", description: "Minimal, neutral styling for basics.", palette: { skin: "#dcb494", backdrop: "#edf4f4" } },
  { name: "Nora", gender: "female", style: "universal_1", body: "curvy", description: "Plus-size, everyday casual.", palette: { skin: "#7d5440", backdrop: "#f5f0ea" } },
  { name: "Kenji", gender: "male", style: "universal_2", body: "slim", description: "Urban casual, relaxed fit.", palette: { skin: "#e2bf9a", backdrop: "#eceff3" } },
  { name: "Marcus", gender: "male", style: "universal_3", body: "curvy", description: "Big-and-tall, smart casual.", palette: { skin: "#6b4632", backdrop: "#f0f0ea" } },
]);

/** Finds a model by name (case-sensitive like the API; a case-insensitive match is offered as a hint). */
export function findLibraryModel(name: string): LibraryModel | undefined {
  return GENERAL_MODEL_LIBRARY.find((m) => m.name === name);
}

/**
 * Models matching the tags, best first: exact gender+body+style, then relaxing style, then body.
 * Gender is never relaxed. Always non-empty for the General library.
 */
export function matchLibraryModels(tags: { gender: ModelGender; body: ModelBody; style?: string }): LibraryModel[] {
  const byGender = GENERAL_MODEL_LIBRARY.filter((m) => m.gender === tags.gender);
  const exact = byGender.filter((m) => m.body === tags.body && (tags.style === undefined || m.style === tags.style));
  if (exact.length) return exact;
  const sameBody = byGender.filter((m) => m.body === tags.body);
  return sameBody.length ? sameBody : byGender;
}
