ALTER TABLE "outbox_email" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox_email" ADD COLUMN "calendar" text;--> statement-breakpoint
ALTER TABLE "appointment" ADD COLUMN "cancel_token_hash" text;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_cancel_token_hash_unique" UNIQUE("cancel_token_hash");