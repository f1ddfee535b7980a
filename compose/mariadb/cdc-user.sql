-- The satit user may load (generate) into emis and read the binlog for CDC.
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, LOCK TABLES ON *.* TO 'satit'@'%';
GRANT ALL PRIVILEGES ON emis.* TO 'satit'@'%';
FLUSH PRIVILEGES;
