import { Text } from "@react-email/components";
import { ActionButton, EmailLayout, paragraph, small, type Brand } from "./components/layout";

export type WebhookDisabledProps = { brand: Brand; name: string; workspace: string; endpointUrl: string; reason: string; url: string };

export const webhookDisabledSubject = (workspace: string) => `A webhook endpoint of ${workspace} was turned off`;

/** To a workspace's owners: an endpoint kept failing and the worker disabled it (lib/webhooks/disable.ts). */
export default function WebhookDisabled({ brand, name, workspace, endpointUrl, reason, url }: WebhookDisabledProps) {
  return (
    <EmailLayout brand={brand} preview={`Webhooks to ${endpointUrl} are paused`} title="A webhook endpoint was turned off">
      <Text style={paragraph}>Hi {name},</Text>
      <Text style={paragraph}>
        Portico stopped sending {workspace}&apos;s webhooks to {endpointUrl}: {reason}
      </Text>
      <Text style={paragraph}>Deliveries already queued are kept. Fix the receiver, then turn the endpoint back on: they go out again, and so do new events.</Text>
      <ActionButton href={url} label="Open webhook endpoints" color={brand.accentColor} />
      <Text style={small}>If the button does not work, paste this address into your browser: {url}</Text>
    </EmailLayout>
  );
}
