DROP INDEX "workspaces_custom_domain_key";--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "custom_domain_token" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "custom_domain_verified_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "workspaces_verified_domain_key" ON "workspaces" USING btree (lower("custom_domain")) WHERE "workspaces"."custom_domain_verified_at" is not null;--> statement-breakpoint
-- Domains entered before verification existed stop serving until verified: give each one its token.
UPDATE "workspaces" SET "custom_domain" = lower("custom_domain"), "custom_domain_token" = replace(gen_random_uuid()::text, '-', '') WHERE "custom_domain" IS NOT NULL;
