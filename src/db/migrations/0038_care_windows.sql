ALTER TABLE "care_relationship" ADD COLUMN "valid_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clinic" ADD COLUMN "care_days_before" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "clinic" ADD COLUMN "care_days_after" integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE "clinic" ADD COLUMN "follow_up_days" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "appointment" ADD COLUMN "confirmed_via" text;--> statement-breakpoint
ALTER TABLE "appointment" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointment" ADD COLUMN "booked_as" jsonb;--> statement-breakpoint
ALTER TABLE "appointment" ADD COLUMN "pending_consent" jsonb;