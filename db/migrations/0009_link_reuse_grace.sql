ALTER TABLE "auth_tokens" ADD COLUMN "used_ip" text;--> statement-breakpoint
ALTER TABLE "auth_tokens" ADD COLUMN "used_user_agent" text;