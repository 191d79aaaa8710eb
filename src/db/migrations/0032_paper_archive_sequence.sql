-- Archive codes for paper files are never reused: a code whose folder still waits to be shredded
-- must not be given to the next client (counting rows did that once a file's row was deleted).
CREATE SEQUENCE paper_archive_seq;
--> statement-breakpoint
SELECT setval('paper_archive_seq', greatest(
  (SELECT count(*) FROM paper_file) + (SELECT count(*) FROM paper_destruction), 1), false);
--> statement-breakpoint
GRANT USAGE, SELECT ON SEQUENCE paper_archive_seq TO vellum_app;
