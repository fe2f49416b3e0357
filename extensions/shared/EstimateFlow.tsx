/**
 * The body of the selection and collection actions: estimate first (products, images, skipped with
 * reasons, daily cap), then one click starts the run, then a link to the run in the app.
 */
import { useEffect, useState } from "preact/hooks";
import type { EstimateRequest } from "../../app/extension-api/contract";
import type { FittingRoomApi } from "./api";
import { loadEstimate, startFromEstimate, startedText, type FlowState } from "./flow";
import { appLink } from "./ids";
import { settingLines } from "./overrides";

export interface EstimateFlowProps {
  api: FittingRoomApi;
  /** null while the scope is not known (nothing selected): the flow explains instead of calling. */
  request: EstimateRequest | null;
  heading: string;
  /** One sentence above the estimate, e.g. "12 selected products". */
  intro: string;
  emptyMessage: string;
  close: () => void;
}

export function EstimateFlow({ api, request, heading, intro, emptyMessage, close }: EstimateFlowProps) {
  const [state, setState] = useState<FlowState>({ phase: "loading" });
  const requestKey = JSON.stringify(request);

  useEffect(() => {
    if (!request) return;
    let live = true;
    setState({ phase: "loading" });
    void loadEstimate(api, request).then((next) => live && setState(next));
    return () => {
      live = false;
    };
    // The request object is rebuilt on every render; its JSON is the real dependency.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, requestKey]);

  const start = async () => {
    if (!request || state.phase !== "ready") return;
    setState({ ...state, phase: "starting" });
    setState(await startFromEstimate(api, request, state));
  };

  const ready = state.phase === "ready" || state.phase === "starting" ? state : null;
  const estimate = ready?.estimate ?? (state.phase === "failed" ? state.estimate : null);

  return (
    <s-admin-action heading={heading} loading={request !== null && state.phase === "loading"}>
      <s-stack direction="block" gap="base">
        {request === null ? (
          <s-banner tone="warning">{emptyMessage}</s-banner>
        ) : (
          <s-text>{intro}</s-text>
        )}
        {estimate && estimate.settings.length > 0 && (
          <s-section heading={estimate.scopeTitle ? `Defaults of ${estimate.scopeTitle}` : "Defaults"}>
            <s-unordered-list>
              {settingLines(estimate.settings).map((line) => (
                <s-list-item key={line}>{line}</s-list-item>
              ))}
            </s-unordered-list>
          </s-section>
        )}
        {ready && (
          <s-stack direction="block" gap="small-200">
            <s-heading>{ready.view.headline}</s-heading>
            {ready.view.blocker && <s-banner tone="warning">{ready.view.blocker}</s-banner>}
            {ready.view.warning && <s-banner tone="info">{ready.view.warning}</s-banner>}
            {ready.view.skippedLines.length > 0 && (
              <s-unordered-list>
                {ready.view.skippedLines.map((line) => (
                  <s-list-item key={line}>{line}</s-list-item>
                ))}
              </s-unordered-list>
            )}
          </s-stack>
        )}
        {state.phase === "failed" && <s-banner tone="critical">{state.message}</s-banner>}
        {state.phase === "started" && (
          <s-banner tone="success">
            {startedText(state.started)} <s-link href={appLink(state.started.run.appPath)}>Open the run</s-link>
          </s-banner>
        )}
      </s-stack>
      {state.phase === "started" ? (
        <s-button slot="primary-action" variant="primary" href={appLink(state.started.run.appPath)}>
          Open the run in Fitting Room
        </s-button>
      ) : (
        <s-button
          slot="primary-action"
          variant="primary"
          disabled={!ready || !ready.view.canStart}
          loading={state.phase === "starting"}
          onClick={() => void start()}
        >
          {ready ? ready.view.startLabel : "Generate"}
        </s-button>
      )}
      <s-button slot="secondary-actions" onClick={close}>
        {state.phase === "started" ? "Close" : "Cancel"}
      </s-button>
    </s-admin-action>
  );
}
