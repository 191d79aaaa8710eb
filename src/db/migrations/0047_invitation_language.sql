-- A resent invitation goes out in the language the owner chose for the first one.
ALTER TABLE staff_invitation ADD COLUMN language text NOT NULL DEFAULT 'nl' CHECK (language IN ('nl', 'en'));
