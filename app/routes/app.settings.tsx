import { useEffect, useMemo, useRef } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, Checkbox, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { SaveBar, TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { busyInit, withinShopLimit } from "../extension-api/shop-limiter.server";
import { describeFieldErrors, parseForm, type FieldErrors, readForm } from "../forms/form-data";
import { ALT_DISCLOSURE_HELP, SHOP_SETTINGS_LABELS, shopSettingsFormSchema } from "../forms/shop-settings";
import { MAX_DISCLOSURE_CHARS, PLACEMENT_LABELS, PLACEMENTS } from "../settings/photo-output";
import { disconnectProvider, getSettingsPageData, saveShopSettingsForm, testSettingsConnection } from "../read-models/settings.server";
import type { ConnectionResult } from "../read-models/provider.server";
import { modelModeOf, TryOnSettingsFields, type ModelMode } from "../components/TryOnSettingsFields";
import { showModal, showToast } from "../components/app-bridge";
import { ConfirmModal } from "../components/ConfirmModal";
import { ConnectionBanner, connectionToast } from "../components/ConnectionBanner";

const DISCONNECT_CONFIRM_ID = "settings-disconnect-confirm";
import { useFormState } from "../components/useFormState";
import type { SettingsFormValues } from "../forms/try-on-settings";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await getSettingsPageData(session.shop));
};

type ActionData =
  | { intent: "save" | "disconnect"; ok: true }
  | { intent: "test"; ok: true; result: ConnectionResult }
  | { intent: string; ok: false; fieldErrors: FieldErrors; formError: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const formData = await readForm(request);
  const parsed = parseForm(shopSettingsFormSchema, formData, SHOP_SETTINGS_LABELS);
  if (!parsed.ok) {
    return json<ActionData>({ intent: String(formData.get("intent")), ok: false, fieldErrors: parsed.fieldErrors, formError: parsed.formError }, { status: 400 });
  }
  if (parsed.data.intent === "test") {
    // Test connection calls the provider: in the shop's limit of expensive requests, like a quota refresh.
    const form = parsed.data;
    const result = await withinShopLimit(session.shop, () => testSettingsConnection(session.shop, form));
    if ("busy" in result) {
      return json<ActionData>({ intent: "test", ok: true, result: { ok: false, message: result.message, code: null, checkedAt: new Date().toISOString() } }, busyInit());
    }
    return json<ActionData>({ intent: "test", ok: true, result });
  }
  if (parsed.data.intent === "disconnect") {
    await disconnectProvider(session.shop);
    return json<ActionData>({ intent: "disconnect", ok: true });
  }
  const saved = await saveShopSettingsForm(session.shop, parsed.data);
  if (!saved.ok) {
    return json<ActionData>({ intent: "save", ok: false, fieldErrors: saved.fieldErrors, formError: describeFieldErrors(saved.fieldErrors, SHOP_SETTINGS_LABELS) }, { status: 400 });
  }
  return json<ActionData>({ intent: "save", ok: true });
};

type FormState = {
  providerAppKey: string;
  providerSecret: string;
  region: string;
  trial: boolean;
  autoApprove: boolean;
  dailyImageCap: string;
  altDisclosure: string;
  placement: string;
  defaults: SettingsFormValues;
  mode: ModelMode;
};

function initialState(d: ReturnType<typeof useLoaderData<typeof loader>>): FormState {
  return {
    providerAppKey: d.providerAppKey,
    providerSecret: "",
    region: d.region,
    trial: d.trial,
    autoApprove: d.autoApprove,
    dailyImageCap: d.dailyImageCap === null ? "" : String(d.dailyImageCap),
    altDisclosure: d.altDisclosure,
    placement: d.placement,
    defaults: d.defaults,
    mode: modelModeOf(d.defaults),
  };
}

export default function Settings() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const submit = useSubmit();
  const tester = useFetcher<typeof action>();
  const formRef = useRef<HTMLFormElement>(null);
  const initial = useMemo(() => initialState(data), [data]);
  const [state, setState, dirty] = useFormState<FormState>(initial);

  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "save";
  const errors: FieldErrors = actionData && !actionData.ok && actionData.intent === "save" ? actionData.fieldErrors : {};
  const testData = tester.data as ActionData | undefined;
  const testErrors: FieldErrors = testData && !testData.ok ? testData.fieldErrors : {};

  useEffect(() => {
    if (actionData?.intent === "save" && actionData.ok) showToast("Settings saved");
    else if (actionData?.intent === "disconnect" && actionData.ok) showToast("Disconnected from Aidge");
    else if (actionData && !actionData.ok) showToast("Some settings need fixing", { isError: true });
  }, [actionData]);

  // Each "Test connection" answers with a toast, even when the result is the same as before.
  useEffect(() => {
    if (tester.state !== "idle" || testData?.intent !== "test" || !testData.ok) return;
    const t = connectionToast(testData.result);
    showToast(t.message, { isError: t.isError });
  }, [tester.state, testData]);

  const set = <K extends keyof FormState>(key: K) => (value: FormState[K]) => setState((s) => ({ ...s, [key]: value }));
  const save = () => formRef.current && submit(formRef.current, { method: "post" });
  const test = () => {
    const fd = new FormData();
    fd.set("intent", "test");
    fd.set("providerAppKey", state.providerAppKey);
    fd.set("providerSecret", state.providerSecret);
    fd.set("region", state.region);
    if (state.trial) fd.set("trial", "on");
    tester.submit(fd, { method: "post" });
  };

  return (
    <Page>
      <TitleBar title="Settings" />
      <SaveBar id="settings-save-bar" open={dirty}>
        <button variant="primary" onClick={save} disabled={saving} loading={saving ? "" : undefined}>
          Save
        </button>
        <button onClick={() => setState(initial)}>Discard</button>
      </SaveBar>
      <ConfirmModal
        id={DISCONNECT_CONFIRM_ID}
        title="Disconnect from Aidge?"
        confirmLabel="Disconnect"
        onConfirm={() => submit({ intent: "disconnect" }, { method: "post" })}
      >
        <Text as="p">The saved App key and secret will be removed. Fitting Room can't generate try-on photos until you connect again.</Text>
        <Text as="p" tone="subdued">
          Products still waiting in a run can’t be tried on until you connect again. Images already on products stay.
        </Text>
      </ConfirmModal>
      <Form method="post" ref={formRef} onSubmit={(e) => { e.preventDefault(); save(); }}>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="providerAppKey" value={state.providerAppKey} />
        <input type="hidden" name="providerSecret" value={state.providerSecret} />
        <input type="hidden" name="region" value={state.region} />
        {state.trial && <input type="hidden" name="trial" value="on" />}
        {state.autoApprove && <input type="hidden" name="autoApprove" value="on" />}
        <input type="hidden" name="dailyImageCap" value={state.dailyImageCap} />
        <input type="hidden" name="altDisclosure" value={state.altDisclosure} />
        <input type="hidden" name="placement" value={state.placement} />
        <BlockStack gap="500">
          {actionData && !actionData.ok && actionData.intent === "save" && (
            <Banner tone="critical" title="The settings were not saved">
              <p>{actionData.formError}</p>
            </Banner>
          )}
          <Layout>
            <Layout.AnnotatedSection
              id="provider"
              title="Try-on provider"
              description="Fitting Room generates photos with Aidge Virtual Try-on. Your secret is stored encrypted and is never shown again; only its last four characters are."
            >
              <Card>
                <BlockStack gap="400">
                  <FormLayout>
                    <TextField
                      label="App key"
                      value={state.providerAppKey}
                      onChange={set("providerAppKey")}
                      autoComplete="off"
                      helpText="The “API key name” (AccessKey) from the Aidge console, e.g. 512345."
                      error={errors.providerAppKey ?? testErrors.providerAppKey}
                    />
                    <TextField
                      label="App secret"
                      type="password"
                      value={state.providerSecret}
                      onChange={set("providerSecret")}
                      autoComplete="new-password"
                      placeholder={data.hasProviderSecret ? `Saved: ${data.providerSecretMasked ?? "••••"}` : "Paste the secret"}
                      helpText={data.hasProviderSecret ? "Leave empty to keep the saved secret." : "Stored encrypted (AES-256-GCM)."}
                      error={errors.providerSecret ?? testErrors.providerSecret}
                    />
                    <FormLayout.Group>
                      <Select
                        label="Region"
                        options={[
                          { label: "Global (api.aidc-ai.com)", value: "global" },
                          { label: "China (cn-api.aidc-ai.com)", value: "cn" },
                        ]}
                        value={state.region}
                        onChange={set("region")}
                        helpText="Use the site where you bought the key and quota."
                        error={errors.region}
                      />
                      <Box paddingBlockStart="600">
                        <Checkbox label="Trial mode (use the free trial quota)" checked={state.trial} onChange={set("trial")} />
                      </Box>
                    </FormLayout.Group>
                  </FormLayout>
                  <InlineStack gap="300" blockAlign="center">
                    <Button onClick={test} loading={tester.state !== "idle"}>
                      Test connection
                    </Button>
                    {data.hasProviderSecret && (
                      <Button tone="critical" variant="plain" onClick={() => showModal(DISCONNECT_CONFIRM_ID)} disabled={saving}>
                        Disconnect
                      </Button>
                    )}
                    <Text as="span" tone="subdued" variant="bodySm">
                      Makes one signed quota call{state.providerSecret ? " with the secret you typed" : data.hasProviderSecret ? " with the saved secret" : ""}.
                    </Text>
                  </InlineStack>
                  {testData?.ok && testData.intent === "test" && <ConnectionBanner result={testData.result} justNow />}
                  {testData && !testData.ok && (
                    <Banner tone="critical" title="Can't test yet">
                      <p>{testData.formError}</p>
                    </Banner>
                  )}
                  {!testData && data.quota && <ConnectionBanner result={data.quota} />}
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection
              id="defaults"
              title="Shop defaults"
              description="Used for every product unless a collection or the product says otherwise. Empty fields use the try-on service's defaults."
            >
              <TryOnSettingsFields
                level="shop"
                values={state.defaults}
                onChange={(v) => setState((s) => ({ ...s, defaults: v }))}
                inherited={data.inherited}
                errors={errors}
                mode={state.mode}
                onModeChange={set("mode")}
              />
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection id="review" title="Review and limits" description="Decide whether results go on products by themselves, and how many images a day the shop may generate.">
              <Card>
                <FormLayout>
                  <Checkbox
                    label="Approve results automatically"
                    helpText="Results are added to products as soon as they are ready, without review."
                    checked={state.autoApprove}
                    onChange={set("autoApprove")}
                  />
                  <TextField
                    label="Daily image cap"
                    type="number"
                    min={1}
                    value={state.dailyImageCap}
                    onChange={set("dailyImageCap")}
                    autoComplete="off"
                    suffix="images per day"
                    helpText="Runs stop queueing products once this many images were generated today (UTC). Empty = no cap."
                    error={errors.dailyImageCap}
                  />
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection
              id="photos"
              title="Try-on photos on products"
              description="Where approved photos go among a product's images, and how their alt text tells shoppers they are AI-generated. Every photo also carries this in its file (IPTC “trained algorithmic media”, credited to Fitting Room)."
            >
              <Card>
                <FormLayout>
                  <Select
                    label="Where approved photos go"
                    options={PLACEMENTS.map((p) => ({ label: PLACEMENT_LABELS[p], value: p }))}
                    value={state.placement}
                    onChange={set("placement")}
                    helpText="“First” makes the lead try-on photo the product's featured image. Photos keep the order you approved them in; in Review you can pick which one leads. A collection can choose differently."
                    error={errors.placement}
                  />
                  <TextField
                    label="AI disclosure in alt text"
                    value={state.altDisclosure}
                    onChange={set("altDisclosure")}
                    autoComplete="off"
                    placeholder={data.defaultAltDisclosure}
                    maxLength={MAX_DISCLOSURE_CHARS}
                    showCharacterCount
                    helpText={
                      <>
                        {ALT_DISCLOSURE_HELP} Shoppers read, for example: <span data-testid="alt-text-example">“{data.altTextExample}”</span>
                      </>
                    }
                    error={errors.altDisclosure}
                  />
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
          </Layout>
          <InlineStack align="end">
            <Button variant="primary" submit disabled={!dirty} loading={saving}>
              Save
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Page>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/RouteError";
