ALTER TABLE `cutting_lists` ADD `consumed_token` text;--> statement-breakpoint
ALTER TABLE `cutting_lists` ADD `consumed_at` integer;