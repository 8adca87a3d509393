package org.blindgate.protocol;
