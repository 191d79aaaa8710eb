CREATE TABLE "intake" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"treatment_type_id" uuid NOT NULL,
	"template_version_id" uuid NOT NULL,
	"supersedes_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"status" text NOT NULL,
	"channel" text NOT NULL,
	"language" text NOT NULL,
	"treatment_name" text NOT NULL,
	"price_cents" integer NOT NULL,
	"answers" text,
	"signature" text,
	"signed_at" timestamp with time zone,
	"content_hash" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intake_link" (
	"id" uuid PRIMARY KEY NOT NULL,
	"intake_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "intake_link_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "intake_template" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "intake_template_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "intake_template_version" (
	"id" uuid PRIMARY KEY NOT NULL,
	"template_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"name" jsonb NOT NULL,
	"questions" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" uuid
);
--> statement-breakpoint
ALTER TABLE "intake" ADD CONSTRAINT "intake_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake" ADD CONSTRAINT "intake_treatment_type_id_treatment_type_id_fk" FOREIGN KEY ("treatment_type_id") REFERENCES "public"."treatment_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake" ADD CONSTRAINT "intake_template_version_id_intake_template_version_id_fk" FOREIGN KEY ("template_version_id") REFERENCES "public"."intake_template_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake" ADD CONSTRAINT "intake_supersedes_id_intake_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."intake"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake" ADD CONSTRAINT "intake_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_link" ADD CONSTRAINT "intake_link_intake_id_intake_id_fk" FOREIGN KEY ("intake_id") REFERENCES "public"."intake"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_link" ADD CONSTRAINT "intake_link_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_link" ADD CONSTRAINT "intake_link_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_template_version" ADD CONSTRAINT "intake_template_version_template_id_intake_template_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."intake_template"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_template_version" ADD CONSTRAINT "intake_template_version_published_by_staff_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "intake_client" ON "intake" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "intake_supersedes" ON "intake" USING btree ("supersedes_id");--> statement-breakpoint
CREATE INDEX "intake_link_intake" ON "intake_link" USING btree ("intake_id");--> statement-breakpoint
CREATE UNIQUE INDEX "intake_template_version_number" ON "intake_template_version" USING btree ("template_id","version");