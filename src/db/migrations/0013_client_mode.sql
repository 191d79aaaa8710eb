ALTER TABLE "staff_session" ADD COLUMN "client_mode_client_id" uuid;--> statement-breakpoint
ALTER TABLE "staff_session" ADD COLUMN "client_mode_failures" integer DEFAULT 0 NOT NULL;