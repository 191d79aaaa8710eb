CREATE TABLE "client_merge" (
	"from_client_id" uuid PRIMARY KEY NOT NULL,
	"into_client_id" uuid NOT NULL,
	"merged_at" timestamp with time zone NOT NULL,
	"merged_by" uuid
);
--> statement-breakpoint
ALTER TABLE "intake" ADD COLUMN "signed_client_id" uuid;--> statement-breakpoint
ALTER TABLE "client_merge" ADD CONSTRAINT "client_merge_into_client_id_client_id_fk" FOREIGN KEY ("into_client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_merge" ADD CONSTRAINT "client_merge_merged_by_staff_id_fk" FOREIGN KEY ("merged_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "client_merge_into" ON "client_merge" USING btree ("into_client_id");