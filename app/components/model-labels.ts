/** Merchant-facing labels of the seed's model tags (gender, style, body). */
export const STYLE_LABELS: Record<string, string> = {
  universal_1: "Style 1 · everyday",
  universal_2: "Style 2 · street",
  universal_3: "Style 3 · editorial",
};
export const BODY_LABELS: Record<string, string> = { slim: "Slim", curvy: "Curvy (plus-size)" };
export const GENDER_LABELS: Record<string, string> = { female: "Female", male: "Male" };
