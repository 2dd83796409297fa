// The guide's small scripts; kept in one file so each page makes one request for them.
