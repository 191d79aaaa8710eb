CREATE TABLE "stats_page_views" (
	"day" date NOT NULL,
	"path" text NOT NULL,
	"views" integer NOT NULL,
	CONSTRAINT "stats_page_views_day_path_pk" PRIMARY KEY("day","path")
);
--> statement-breakpoint
CREATE TABLE "stats_visits" (
	"day" date NOT NULL,
	"browser" text NOT NULL,
	"os" text NOT NULL,
	"visits" integer NOT NULL,
	"seconds" integer NOT NULL,
	CONSTRAINT "stats_visits_day_browser_os_pk" PRIMARY KEY("day","browser","os")
);
