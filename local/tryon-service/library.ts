/**
 * The stand-in's "General" model library — a FIXTURE. Aidge's library page could not be read (spec §6):
 * only the names Ariel (standard docs) and James (Pro docs) and the tag sets are documented. The other
 * names exist only here so renders look varied; the app must never offer them (they are not the
 * merchant's library). Unknown names are a 700 (spec §6 recommendation).
 */
import type { Body, Gender } from "./request";

export interface FixtureModel {
  name: string;
  gender: Gender;
  style: "universal_1" | "universal_2" | "universal_3";
  body: Body;
  /** Colours the stand-in draws the figure with. */
  palette: { skin: string; backdrop: string };
}

export const FIXTURE_LIBRARY: readonly FixtureModel[] = Object.freeze([
  { name: "Ariel", gender: "female", style: "universal_1", body: "slim", palette: { skin: "#e9c2a6", backdrop: "#eef1f6" } },
  { name: "James", gender: "male", style: "universal_1", body: "slim", palette: { skin: "#c99a78", backdrop: "#eef3ee" } },
  { name: "Maya", gender: "female", style: "universal_2", body: "curvy", palette: { skin: "#a8765a", backdrop: "#f6efe8" } },
  { name: "Sofia", gender: "female", style: "universal_3", body: "slim", palette: { skin: "#f1d3bd", backdrop: "#f2eef6" } },
  { name: "Lena", gender: "female", style: "universal_2", body: "slim", palette: { skin: "#dcb494", backdrop: "#edf4f4" } },
  { name: "Nora", gender: "female", style: "universal_1", body: "curvy", palette: { skin: "#7d5440", backdrop: "#f5f0ea" } },
  { name: "Kenji", gender: "male", style: "universal_2", body: "slim", palette: { skin: "#e2bf9a", backdrop: "#eceff3" } },
  { name: "Marcus", gender: "male", style: "universal_3", body: "curvy", palette: { skin: "#6b4632", backdrop: "#f0f0ea" } },
]);

/** Names the docs themselves show; everything else in FIXTURE_LIBRARY is invented for the stand-in. */
export const DOCUMENTED_NAMES: readonly string[] = ["Ariel", "James"];

/** Exact, case-sensitive lookup (a model name is an identifier). */
export function findModel(name: string): FixtureModel | undefined {
  return FIXTURE_LIBRARY.find((m) => m.name === name);
}

/** Models for the tags: exact match first, then same gender and body, then same gender. Never empty. */
export function modelsFor(tags: { gender: Gender; body: Body; style?: string }): FixtureModel[] {
  const sameGender = FIXTURE_LIBRARY.filter((m) => m.gender === tags.gender);
  const exact = sameGender.filter((m) => m.body === tags.body && (tags.style === undefined || m.style === tags.style));
  if (exact.length) return exact;
  const sameBody = sameGender.filter((m) => m.body === tags.body);
  return sameBody.length ? sameBody : sameGender;
}
