import { useEffect, useMemo, useRef } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, Checkbox, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { SaveBar, TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { parseForm, type FieldErrors, readForm } from "../forms/form-data";
import { SHOP_SETTINGS_LABELS, shopSettingsFormSchema } from "../forms/shop-settings";
import { getSettingsPageData, saveShopSettingsForm, testSettingsConnection } from "../models/ui-settings.server";
import type { ConnectionResult } from "../models/ui-provider.server";
import { modelModeOf, TryOnSettingsFields, type ModelMode } from "../components/TryOnSettingsFields";
import { showToast } from "../components/app-bridge";
import { useFormState } from "../components/useFormState";
import type { SettingsFormValues } from "../forms/try-on-settings";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await getSettingsPageData(session.shop));
};

type ActionData =
  | { intent: "save"; ok: true }
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
    return json<ActionData>({ intent: "test", ok: true, result: await testSettingsConnection(session.shop, parsed.data) });
  }
  await saveShopSettingsForm(session.shop, parsed.data);
  return json<ActionData>({ intent: "save", ok: true });
};

type FormState = {
  providerAppKey: string;
  providerSecret: string;
  region: string;
  trial: boolean;
  autoApprove: boolean;
  dailyImageCap: string;
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
    defaults: d.defaults,
    mode: modelModeOf(d.defaults),
  };
}

function ConnectionBanner({ result }: { result: ConnectionResult }) {
  if (result.ok) {
    return (
      <Banner tone="success" title="Connected to Aidge Virtual Try-on">
        <p>{result.balance.toLocaleString("en")} try-on calls left on this key.</p>
      </Banner>
    );
  }
  return (
    <Banner tone="critical" title="The connection test failed">
      <p>{result.message}</p>
      {result.code !== null && (
        <Text as="p" tone="subdued" variant="bodySm">
          Code: {String(result.code)}
        </Text>
      )}
    </Banner>
  );
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
    else if (actionData && !actionData.ok) showToast("Some settings need fixing", { isError: true });
  }, [actionData]);

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
      <Form method="post" ref={formRef} onSubmit={(e) => { e.preventDefault(); save(); }}>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="providerAppKey" value={state.providerAppKey} />
        <input type="hidden" name="providerSecret" value={state.providerSecret} />
        <input type="hidden" name="region" value={state.region} />
        {state.trial && <input type="hidden" name="trial" value="on" />}
        {state.autoApprove && <input type="hidden" name="autoApprove" value="on" />}
        <input type="hidden" name="dailyImageCap" value={state.dailyImageCap} />
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
                    <Text as="span" tone="subdued" variant="bodySm">
                      Makes one signed quota call{state.providerSecret ? " with the secret you typed" : data.hasProviderSecret ? " with the saved secret" : ""}.
                    </Text>
                  </InlineStack>
                  {testData?.ok && testData.intent === "test" && <ConnectionBanner result={testData.result} />}
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
