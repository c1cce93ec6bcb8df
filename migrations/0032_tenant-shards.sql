ALTER TABLE `tenants` ADD `shard` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `shard_moving_to` integer;--> statement-breakpoint
ALTER TABLE `tenants` ADD `shard_previous` integer;