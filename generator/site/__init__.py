"""Pages made from the checked model: the service pages, lists, What's new and reports."""
