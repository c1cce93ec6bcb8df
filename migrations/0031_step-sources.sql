ALTER TABLE `models` ADD `source_format` text;--> statement-breakpoint
ALTER TABLE `models` ADD `source_sha256` text;--> statement-breakpoint
ALTER TABLE `models` ADD `source_r2_key` text;--> statement-breakpoint
ALTER TABLE `models` ADD `source_size_bytes` integer;