CREATE TABLE "provider_pacer" (
	"name" text PRIMARY KEY NOT NULL,
	"next_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "email_messages" ADD COLUMN "send_key" text;--> statement-breakpoint
CREATE INDEX "email_messages_send_key_idx" ON "email_messages" USING btree ("send_key") WHERE "email_messages"."send_key" is not null and "email_messages"."status" in ('queued', 'sending');