/**
 * A small drawn portrait for a library model (the library is a fixture without photos): the model's
 * backdrop and skin colours, a figure whose width follows the body tag. Decorative: the name and tags
 * next to it carry the information.
 */
export function ModelAvatar({
  palette,
  body,
  gender,
  size = 72,
}: {
  palette: { skin: string; backdrop: string };
  body: string;
  gender: string;
  size?: number;
}) {
  const shoulders = body === "curvy" ? 30 : 24;
  const hair = gender === "male" ? "#3b2f2a" : "#5a3d2b";
  return (
    <svg width={size} height={size} viewBox="0 0 80 80" aria-hidden="true" focusable="false" style={{ display: "block", borderRadius: 12, flexShrink: 0 }}>
      <rect width="80" height="80" fill={palette.backdrop} />
      <path d={`M${40 - shoulders} 80 Q${40 - shoulders} 52 40 50 Q${40 + shoulders} 52 ${40 + shoulders} 80 Z`} fill="#8a94a6" />
      <rect x="35" y="40" width="10" height="12" rx="4" fill={palette.skin} />
      <circle cx="40" cy="30" r="13" fill={palette.skin} />
      {gender === "male" ? (
        <path d="M27 28 Q28 15 40 15 Q52 15 53 28 Q48 21 40 21 Q32 21 27 28 Z" fill={hair} />
      ) : (
        <path d="M26 34 Q24 14 40 14 Q56 14 54 34 Q53 24 40 22 Q27 24 26 34 Z M26 34 L24 46 L30 42 Z M54 34 L56 46 L50 42 Z" fill={hair} />
      )}
    </svg>
  );
}
