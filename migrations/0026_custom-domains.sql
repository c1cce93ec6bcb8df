ALTER TABLE `tenant_domains` ADD `id` text;--> statement-breakpoint
ALTER TABLE `tenant_domains` ADD `status` text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE `tenant_domains` ADD `provider_ref` text;--> statement-breakpoint
ALTER TABLE `tenant_domains` ADD `dns_records` text;--> statement-breakpoint
ALTER TABLE `tenant_domains` ADD `problem` text;--> statement-breakpoint
ALTER TABLE `tenant_domains` ADD `checked_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `tenant_domains_id_unique` ON `tenant_domains` (`id`);--> statement-breakpoint
UPDATE `tenant_domains` SET `id` = lower(hex(randomblob(16))) WHERE `id` IS NULL;
