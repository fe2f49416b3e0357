import { useEffect, useState } from "react";
import { BlockStack, Button, DropZone, InlineGrid, InlineStack, Spinner, Text, TextField, Thumbnail } from "@shopify/polaris";
import { useFetcher } from "@remix-run/react";

export const MAX_MODEL_PHOTOS = 8;

/**
 * The merchant's own model photos (at most 8; each gives one try-on image). Files are uploaded through
 * Shopify's staged uploads into the shop's Files (intent "uploadPhoto" of the page's action), and the
 * resulting public URLs are kept in the settings; a public URL can also be pasted.
 */
export function ModelPhotos({ urls, onChange, uploadAction }: { urls: string[]; onChange: (urls: string[]) => void; uploadAction: string }) {
  const uploader = useFetcher<{ ok: boolean; urls?: string[]; message?: string }>();
  const [pasted, setPasted] = useState("");
  const [pending, setPending] = useState<string[]>([]);
  const full = urls.length >= MAX_MODEL_PHOTOS;

  const lastResult = uploader.data;
  useEffect(() => {
    if (uploader.state !== "idle" || !pending.length || !uploader.data) return;
    setPending([]);
    const added = (uploader.data.urls ?? []).filter((u) => !urls.includes(u));
    if (uploader.data.ok && added.length) onChange([...urls, ...added].slice(0, MAX_MODEL_PHOTOS));
  }, [uploader.state, uploader.data, pending.length, urls, onChange]);

  const upload = (files: File[]) => {
    const room = MAX_MODEL_PHOTOS - urls.length;
    const chosen = files.slice(0, room);
    if (!chosen.length) return;
    const fd = new FormData();
    fd.set("intent", "uploadPhoto");
    chosen.forEach((f) => fd.append("photo", f));
    setPending(chosen.map((f) => f.name));
    uploader.submit(fd, { method: "post", action: uploadAction, encType: "multipart/form-data" });
  };

  return (
    <BlockStack gap="300">
      <Text as="p" tone="subdued">
        {urls.length} of {MAX_MODEL_PHOTOS} photos. Use clear, front-facing photos of one person on a plain background.
      </Text>
      {urls.length > 0 && (
        <InlineGrid columns={{ xs: 3, md: 4 }} gap="300">
          {urls.map((url) => (
            <BlockStack key={url} gap="100" inlineAlign="center">
              <Thumbnail source={url} alt="Model photo" size="large" />
              <Button variant="plain" tone="critical" onClick={() => onChange(urls.filter((u) => u !== url))} accessibilityLabel="Remove this photo">
                Remove
              </Button>
            </BlockStack>
          ))}
        </InlineGrid>
      )}
      {!full && (
        <DropZone accept="image/jpeg,image/png,image/webp" type="image" allowMultiple onDropAccepted={upload} label="Upload model photos" labelHidden disabled={uploader.state !== "idle"}>
          {uploader.state !== "idle" ? (
            <InlineStack gap="200" align="center" blockAlign="center">
              <Spinner size="small" />
              <Text as="span">Uploading {pending.length} photo{pending.length === 1 ? "" : "s"} to Shopify…</Text>
            </InlineStack>
          ) : (
            <DropZone.FileUpload actionTitle="Upload photos" actionHint="JPG, PNG or WebP; stored in your shop's Files" />
          )}
        </DropZone>
      )}
      {lastResult && !lastResult.ok && lastResult.message && (
        <Text as="p" tone="critical">
          {lastResult.message}
        </Text>
      )}
      {!full && (
        <InlineStack gap="200" blockAlign="end" wrap={false}>
          <div style={{ flex: 1 }}>
            <TextField label="Or paste a public photo URL" value={pasted} onChange={setPasted} autoComplete="off" placeholder="https://…" />
          </div>
          <Button
            disabled={!/^https?:\/\/\S+$/.test(pasted.trim())}
            onClick={() => {
              onChange([...urls, pasted.trim()].slice(0, MAX_MODEL_PHOTOS));
              setPasted("");
            }}
          >
            Add
          </Button>
        </InlineStack>
      )}
    </BlockStack>
  );
}
