CREATE TABLE `technical_packages` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`quote_id` text NOT NULL,
	`status` text NOT NULL,
	`rev` text,
	`pdf_document_id` text,
	`zip_document_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error_code` text,
	`error_message` text,
	`requested_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `technical_packages_tenant_quote` ON `technical_packages` (`tenant_id`,`quote_id`);