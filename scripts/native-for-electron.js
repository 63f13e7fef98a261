// placeholder, replaced by the desktop work
