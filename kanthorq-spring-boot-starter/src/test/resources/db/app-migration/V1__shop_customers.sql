-- An application's own migration, run by Spring Boot's Flyway next to KanthorQ's registry migrations.
CREATE TABLE shop_customers (id bigint PRIMARY KEY, name text NOT NULL);
