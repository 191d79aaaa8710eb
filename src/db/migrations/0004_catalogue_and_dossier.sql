CREATE TABLE "device" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"settings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"brand" text DEFAULT '' NOT NULL,
	"used_in_treatments" boolean DEFAULT true NOT NULL,
	"sold_for_home_use" boolean DEFAULT false NOT NULL,
	"price_cents" integer,
	"vat_rate_percent" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "treatment_type" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"duration_minutes" integer NOT NULL,
	"price_cents" integer NOT NULL,
	"vat_rate_percent" integer NOT NULL,
	"photos_expected" boolean DEFAULT false NOT NULL,
	"intake_template_key" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "treatment_type_practitioner" (
	"treatment_type_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	CONSTRAINT "treatment_type_practitioner_treatment_type_id_staff_id_pk" PRIMARY KEY("treatment_type_id","staff_id")
);
--> statement-breakpoint
CREATE TABLE "client_key" (
	"client_id" uuid PRIMARY KEY NOT NULL,
	"wrapped_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_email" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"content" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "home_product" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"advice" text,
	"bought_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "skin_analysis" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"treatment_id" uuid,
	"analysed_by" uuid NOT NULL,
	"analysed_at" timestamp with time zone NOT NULL,
	"findings" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "treatment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"treatment_type_id" uuid,
	"kind" text NOT NULL,
	"performed_at" timestamp with time zone NOT NULL,
	"report" text NOT NULL,
	"warnings_confirmed" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "treatment_type_practitioner" ADD CONSTRAINT "treatment_type_practitioner_treatment_type_id_treatment_type_id_fk" FOREIGN KEY ("treatment_type_id") REFERENCES "public"."treatment_type"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_type_practitioner" ADD CONSTRAINT "treatment_type_practitioner_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_key" ADD CONSTRAINT "client_key_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_email" ADD CONSTRAINT "dossier_email_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_email" ADD CONSTRAINT "dossier_email_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_product" ADD CONSTRAINT "home_product_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_product" ADD CONSTRAINT "home_product_product_id_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."product"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_product" ADD CONSTRAINT "home_product_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skin_analysis" ADD CONSTRAINT "skin_analysis_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skin_analysis" ADD CONSTRAINT "skin_analysis_treatment_id_treatment_id_fk" FOREIGN KEY ("treatment_id") REFERENCES "public"."treatment"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skin_analysis" ADD CONSTRAINT "skin_analysis_analysed_by_staff_id_fk" FOREIGN KEY ("analysed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment" ADD CONSTRAINT "treatment_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment" ADD CONSTRAINT "treatment_practitioner_id_staff_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment" ADD CONSTRAINT "treatment_treatment_type_id_treatment_type_id_fk" FOREIGN KEY ("treatment_type_id") REFERENCES "public"."treatment_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dossier_email_client" ON "dossier_email" USING btree ("client_id","received_at");--> statement-breakpoint
CREATE INDEX "home_product_client" ON "home_product" USING btree ("client_id","bought_at");--> statement-breakpoint
CREATE INDEX "skin_analysis_client" ON "skin_analysis" USING btree ("client_id","analysed_at");--> statement-breakpoint
CREATE INDEX "treatment_client" ON "treatment" USING btree ("client_id","performed_at");